/**
 * What disclosure puts on the catalogue's guide page (docs/decisions/0015, "slots instead of
 * wiring"): the item's information grouped by the five stages of 五公开 (1 个页面，五公开信息
 * 集约), policies with their 解读, and the consult / apply / rate / complain links beside it.
 */
import type { GuideAside } from '../catalog/index.js';
import { guideBox } from './views/parts.js';

export interface GuideSlot {
  addGuideAside?(aside: GuideAside): void;
}

export function fillGuideSlots(catalog: GuideSlot, forItem: (implCode: string) => Promise<Parameters<typeof guideBox>[0] | undefined>) {
  catalog.addGuideAside?.(async (implCode) => {
    try {
      const found = await forItem(implCode);
      return found ? guideBox(found, implCode) : '';
    } catch {
      return ''; // the guide is shown whatever happens to disclosure's part of it
    }
  });
}
