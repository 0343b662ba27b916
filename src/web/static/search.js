// Search suggestions as you type (progressive enhancement: without JavaScript the search form
// simply submits). ARIA combobox pattern: arrow keys move, Enter opens, Escape closes.
(() => {
  const inputs = document.querySelectorAll('input[data-suggest]');
  inputs.forEach((input, n) => {
    const list = document.createElement('ul');
    list.id = `suggest-${n}`;
    list.className = 'suggest-list';
    list.setAttribute('role', 'listbox');
    list.setAttribute('aria-label', input.dataset.suggestLabel || '');
    list.hidden = true;
    input.parentElement.appendChild(list);
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-expanded', 'false');
    input.setAttribute('aria-controls', list.id);

    let items = [];
    let active = -1;
    let timer;
    let last = '';
    let controller;

    const close = () => {
      list.hidden = true;
      input.setAttribute('aria-expanded', 'false');
      input.removeAttribute('aria-activedescendant');
      active = -1;
    };
    const mark = (i) => {
      active = i;
      for (const [k, li] of [...list.children].entries()) li.setAttribute('aria-selected', String(k === i));
      if (i >= 0) input.setAttribute('aria-activedescendant', `${list.id}-${i}`);
      else input.removeAttribute('aria-activedescendant');
    };
    const render = () => {
      // answers can arrive after the citizen has arrowed into the list: keep their choice
      const chosen = active >= 0 ? list.children[active]?.dataset.url : undefined;
      list.replaceChildren();
      items.forEach((s, i) => {
        const li = document.createElement('li');
        li.id = `${list.id}-${i}`;
        li.setAttribute('role', 'option');
        li.setAttribute('aria-selected', 'false');
        li.dataset.url = s.url;
        li.textContent = s.text;
        if (s.title && s.title !== s.text) {
          // an everyday name leads to the official one: show both
          const official = document.createElement('span');
          official.className = 'suggest-official';
          official.textContent = ` — ${s.title}`;
          li.appendChild(official);
        }
        li.addEventListener('mousedown', (e) => {
          e.preventDefault();
          window.location.href = s.url;
        });
        list.appendChild(li);
      });
      list.hidden = items.length === 0;
      input.setAttribute('aria-expanded', String(items.length > 0));
      mark(items.findIndex((s) => s.url === chosen));
    };
    const fetchSuggestions = async (q) => {
      controller?.abort();
      controller = new AbortController();
      try {
        const r = await fetch(`/api/v1/suggest?q=${encodeURIComponent(q)}`, { signal: controller.signal });
        if (!r.ok) return;
        const body = await r.json();
        if (input.value.trim() !== q) return;
        items = body.suggestions || [];
        render();
      } catch {
        // offline or aborted: the form still works
      }
    };
    input.addEventListener('input', () => {
      const q = input.value.trim();
      clearTimeout(timer);
      if (!q) {
        items = [];
        close();
        return;
      }
      if (q === last) return;
      last = q;
      timer = setTimeout(() => fetchSuggestions(q), 120);
    });
    input.addEventListener('keydown', (e) => {
      if (list.hidden) return;
      if (e.key === 'ArrowDown') {
        e.preventDefault();
        mark((active + 1) % items.length);
      } else if (e.key === 'ArrowUp') {
        e.preventDefault();
        mark((active - 1 + items.length) % items.length);
      } else if (e.key === 'Enter' && active >= 0) {
        e.preventDefault();
        window.location.href = items[active].url;
      } else if (e.key === 'Escape') {
        close();
      }
    });
    input.addEventListener('blur', () => setTimeout(close, 100));
  });
})();

// Filters folded behind 筛选 (<details data-open-wide>) stand open on a wide screen; on a phone
// they stay folded after the results. Without this script they are simply folded everywhere.
(() => {
  if (!window.matchMedia?.('(min-width: 760px)').matches) return;
  for (const d of document.querySelectorAll('details[data-open-wide]')) d.open = true;
})();

// A form that came back with problems: move to its error summary, as GOV.UK's forms do, so a
// screen reader reads the problems first and the links in it lead to each field.
(() => {
  const summary = document.querySelector('.error-summary');
  if (summary) summary.focus();
})();
