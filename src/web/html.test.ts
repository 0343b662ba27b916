import { describe, expect, it } from 'vitest';
import { html, raw } from './html.js';

describe('html templates', () => {
  it('escapes every interpolated value', () => {
    const name = '<script>alert("x")</script> & \'';
    expect(String(html`<p title="${name}">${name}</p>`)).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;</p>',
    );
  });

  it('passes nested fragments and raw markup through, and renders nothing for empty values', () => {
    const items = ['a<b', 'c'];
    expect(String(html`<ul>${items.map((i) => html`<li>${i}</li>`)}</ul>${null}${undefined}${false}${raw('<svg/>')}`)).toBe(
      '<ul><li>a&lt;b</li><li>c</li></ul><svg/>',
    );
  });
});
