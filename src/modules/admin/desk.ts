/**
 * The work desk's slot (/admin): modules whose work waits on staff register a provider, and the
 * desk shows their to-do counts and cards without knowing any of them (as accounts/started.ts
 * does for the personal space). app.ts fills it when it composes the modules.
 */
import type { Principal } from '../../lib/principal.js';
import type { Renderable } from '../../web/html.js';

/** One count in 我的待办, linking to the list it counts; `order` places it among the others. */
export interface DeskTodo {
  order: number;
  n: number;
  label: string;
  href: string;
  alert?: boolean;
}

/** A card on the desk: its heading (linked when `href`), its body, and where it goes among the cards. */
export interface DeskCard {
  order: number;
  title: string;
  href?: string;
  body: Renderable;
}

export interface DeskProvider {
  /** 'letters', 'drafts', 'notify' … (registered once) */
  key: string;
  /** the person's to-do counts ([] when nothing of this kind is theirs) */
  todo?(p: Principal): Promise<DeskTodo[]>;
  cards?(p: Principal): Promise<DeskCard[]>;
}

export function createWorkDesk() {
  const providers: DeskProvider[] = [];
  const byOrder = <T extends { order: number }>(rows: T[]) => rows.sort((a, b) => a.order - b.order);
  return {
    register(provider: DeskProvider) {
      if (!providers.some((x) => x.key === provider.key)) providers.push(provider);
    },
    providers: (): readonly DeskProvider[] => providers,
    async todo(p: Principal): Promise<DeskTodo[]> {
      return byOrder((await Promise.all(providers.map((x) => x.todo?.(p) ?? []))).flat());
    },
    async cards(p: Principal): Promise<DeskCard[]> {
      return byOrder((await Promise.all(providers.map((x) => x.cards?.(p) ?? []))).flat());
    },
  };
}

export type WorkDesk = ReturnType<typeof createWorkDesk>;
