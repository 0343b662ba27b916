// Appointments: a ticket on the phone and the hall's display board follow the queue live
// (Server-Sent Events). Without JavaScript the pages are refreshed by hand; nothing here is needed.
(() => {
  const box = document.querySelector('[data-live]');
  if (!box || !window.EventSource) return;
  const source = new EventSource(box.getAttribute('data-live'));
  const field = (name) => box.querySelector(`[data-field="${name}"]`);
  const text = (el, value) => {
    if (el && el.textContent !== value) el.textContent = value;
  };
  const row = (cells) => {
    const tr = document.createElement('tr');
    cells.forEach((c, i) => {
      const td = document.createElement('td');
      if (i === 0 && cells.length > 1) td.className = 'appt-number';
      if (cells.length === 1) td.colSpan = 2;
      td.textContent = c;
      tr.appendChild(td);
    });
    return tr;
  };
  source.addEventListener('update', (e) => {
    let data;
    try {
      data = JSON.parse(e.data);
    } catch {
      return;
    }
    if (box.getAttribute('data-kind') === 'ticket') {
      text(field('line'), data.line);
      text(field('expected'), data.expected);
      const rate = field('rate');
      if (rate && data.rateUrl && !rate.querySelector('a')) {
        const a = document.createElement('a');
        a.className = 'button';
        a.href = data.rateUrl;
        a.textContent = data.rate;
        rate.appendChild(a);
      }
      return;
    }
    const calls = field('calls');
    if (calls) {
      calls.textContent = '';
      if (!data.calls.length) calls.appendChild(row([data.none]));
      for (const c of data.calls) calls.appendChild(row([c.number, c.window]));
    }
    const queues = field('queues');
    if (queues) {
      queues.textContent = '';
      for (const q of data.queues) {
        const li = document.createElement('li');
        li.textContent = q;
        queues.appendChild(li);
      }
    }
  });
})();
