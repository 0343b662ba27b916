import { describe, expect, it } from 'vitest';
import { maskPersonalData } from './masking.js';

describe('masking personal data in published text', () => {
  it('masks the writer name, phones, ID numbers, e-mail, plates and addresses below the community', () => {
    const text =
      '我是张伟，电话13812345678，身份证号110101199003071234，邮箱zhangwei@example.com，车牌粤B12345，' +
      '住在示范市东城区朝阳街道幸福社区8栋2单元501室，座机0755-83001234。张伟再次反映。';
    const masked = maskPersonalData(text, { names: ['张伟'] });
    expect(masked).not.toMatch(/张伟|13812345678|110101199003071234|zhangwei@|粤B12345|501室|83001234/);
    expect(masked).toContain('张*');
    expect(masked).toContain('138****5678');
    expect(masked).toContain('幸福社区***');
    expect(masked).toContain('粤B***45');
    expect(masked).toContain('z***@example.com');
  });

  it('leaves ordinary numbers and words alone', () => {
    const text = '2026年3月起，第2批补贴共计3000元，办理时限10个工作日，10月5号坐地铁3号线到幸福路。';
    expect(maskPersonalData(text)).toBe(text);
  });

  it('masks numbers typed full-width and house numbers after a road', () => {
    const masked = maskPersonalData('电话１３８１２３４５６７８，住幸福路16号。');
    expect(masked).toContain('138****5678');
    expect(masked).toContain('幸福路***');
  });
});

describe('masking a department reply', () => {
  it('keeps the office telephone a reply gives, and masks the rest', () => {
    const masked = maskPersonalData('王女士：请致电 0799-83001234 咨询，或到幸福社区8栋一楼办理。您的电话13812345678。', { names: ['王芳'], official: true });
    expect(masked).toContain('0799-83001234');
    expect(masked).toContain('138****5678');
    expect(masked).not.toContain('8栋');
  });
});
