import { describe, expect, it } from 'vitest';
import { Analyzer, normalize } from './analyzer.js';

function analyzer() {
  const a = new Analyzer(['怎么办', '需要', '什么', '了', '在哪里', '办']);
  a.addDictionaryWords(['机动车驾驶证补领', '住房公积金提取', '驾照补办']);
  a.addVocabulary(['机动车驾驶证补领', '住房公积金提取', '居民身份证换领', '户口迁入', '居住证申领']);
  a.setSynonyms([
    { terms: ['驾照', '驾驶证', '机动车驾驶证'] },
    { terms: ['丢了', '丢失', '遗失'], targets: ['补领', '补办'] },
    { terms: ['生孩子'], targets: ['生育登记', '出生登记'] },
    { terms: ['营业执照'], targets: ['企业设立登记'] },
  ]);
  return a;
}
const none = () => false;

describe('normalize', () => {
  it('folds traditional to simplified, full-width to half-width, and case', () => {
    expect(normalize('駕駛證補領')).toBe('驾驶证补领');
    expect(normalize('護照 營業執照')).toBe('护照 营业执照');
    expect(normalize('ＧＪＪ　１２３')).toBe('gjj 123');
  });
  it('turns punctuation and symbols into spaces', () => {
    expect(normalize('驾照，丢了！？😀')).toBe('驾照 丢了');
  });
});

describe('segmentation', () => {
  it('keeps catalogue names whole and in parts for the index', () => {
    const toks = analyzer().tokens('住房公积金提取');
    expect(toks).toEqual(expect.arrayContaining(['住房', '公积金', '提取', '住房公积金提取']));
  });
  it('gives full pinyin and initials of words, word pairs and the whole name', () => {
    const p = analyzer().pinyinTokens('住房公积金提取');
    expect(p).toEqual(expect.arrayContaining(['pf:gongjijin', 'pi:gjj', 'pf:gongjijintiqu', 'pi:gjjtq', 'pi:zfgjjtq']));
  });
});

describe('query analysis', () => {
  it('drops stop words but keeps the meaning', () => {
    const q = analyzer().analyzeQuery('驾照丢了怎么办', { known: none });
    expect(q.concepts.map((c) => c.text)).toEqual(['驾照', '丢了']);
  });
  it('expands everyday words through synonyms, equivalent and one-way', () => {
    const q = analyzer().analyzeQuery('驾照丢了', { known: none });
    const [license, lost] = q.concepts;
    expect(license?.terms.map((t) => t.term)).toEqual(expect.arrayContaining(['驾照', '驾驶证', '机动车驾驶证']));
    expect(lost?.terms.map((t) => t.term)).toEqual(expect.arrayContaining(['丢了', '补领', '补办']));
    const birth = analyzer().analyzeQuery('生孩子要办什么', { known: none });
    expect(birth.concepts[0]?.terms.map((t) => t.term)).toEqual(expect.arrayContaining(['生育登记', '出生登记']));
  });
  it('searches traditional script as simplified', () => {
    expect(analyzer().analyzeQuery('駕照遺失', { known: none }).concepts.map((c) => c.text)).toEqual(['驾照', '遗失']);
  });
  it('corrects characters typed through a pinyin keyboard, and says so', () => {
    const a = analyzer();
    expect(a.analyzeQuery('驾使证补领', { known: none }).corrected).toBe('驾驶证补领');
    expect(a.analyzeQuery('户口签入', { known: (w) => w === '户口' }).corrected).toBe('户口迁入');
  });
  it('corrects one look-alike character in a longer service word', () => {
    expect(analyzer().analyzeQuery('居往证申领', { known: none }).corrected).toBe('居住证申领');
  });
  it('never corrects words that are known', () => {
    const q = analyzer().analyzeQuery('驾驶证补领', { known: (w) => ['驾驶证', '补领'].includes(w) });
    expect(q.corrected).toBeNull();
  });
  it('reads pinyin and initials, and the pinyin of everyday words', () => {
    const a = analyzer();
    expect(a.analyzeQuery('jsz', { known: none }).concepts[0]?.terms.map((t) => t.term)).toEqual(
      expect.arrayContaining(['pf:jsz', 'pi:jsz']),
    );
    const yyzz = a.analyzeQuery('yyzz', { known: none }).concepts[0]?.terms.map((t) => t.term);
    expect(yyzz).toEqual(expect.arrayContaining(['营业执照', '企业设立登记']));
    const spaced = a.analyzeQuery('jia shi zheng', { known: (t) => t === 'pf:jiashizheng' });
    expect(spaced.concepts.map((c) => c.text)).toEqual(['jiashizheng']);
  });
  it('bounds the work for very long input', () => {
    const q = analyzer().analyzeQuery('驾照'.repeat(5000), { known: none });
    expect(q.normalized.length).toBeLessThanOrEqual(64);
  });
});
