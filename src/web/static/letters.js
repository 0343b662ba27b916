// 我要写信: while the title is typed, show answered letters and guides that may already answer it.
// The form works without this: its "先查一查" button asks the server for the same list.
(() => {
  var title = document.getElementById('f-title');
  var box = document.querySelector('.similar-box');
  if (!title || !box || !window.fetch) return;
  var timer;
  var last = '';
  function render(list) {
    var old = box.querySelector('.similar, .js-similar');
    if (old) old.remove();
    if (!list.length) return;
    var section = document.createElement('section');
    section.className = 'similar js-similar';
    var h = document.createElement('h3');
    h.textContent = box.getAttribute('data-similar-title');
    section.appendChild(h);
    var ul = document.createElement('ul');
    list.forEach((s) => {
      var li = document.createElement('li');
      var a = document.createElement('a');
      a.href = s.url;
      a.textContent = s.title;
      a.target = '_blank';
      li.appendChild(a);
      ul.appendChild(li);
    });
    section.appendChild(ul);
    box.appendChild(section);
  }
  title.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      var q = title.value.trim();
      if (q.length < 4 || q === last) return;
      last = q;
      fetch('/api/v1/letters/similar?q=' + encodeURIComponent(q))
        .then((r) => r.ok ? r.json() : { results: [] })
        .then((body) => { render(body.results || body.similar || []); })
        .catch(() => {});
    }, 400);
  });
})();
