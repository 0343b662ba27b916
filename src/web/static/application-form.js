// The online application form: a field shown only when another has a value is hidden while its
// condition does not hold (without this script every field shows, with a hint saying when it
// applies). Progressive enhancement only: the server reads and checks every answer.
(() => {
  const form = document.querySelector('form.application-form');
  if (!form) return;
  const dependents = form.querySelectorAll('[data-show-when]');
  if (!dependents.length) return;
  const valuesOf = (name) => {
    const out = [];
    for (const el of form.querySelectorAll(`[name="${name.replace(/"/g, '')}"]`)) {
      if ((el.type === 'checkbox' || el.type === 'radio') && !el.checked) continue;
      if (el.value.trim() !== '') out.push(el.value);
    }
    return out;
  };
  const update = () => {
    for (const el of dependents) {
      const values = valuesOf(el.getAttribute('data-show-when'));
      const any = el.getAttribute('data-show-any');
      const wanted = any ? JSON.parse(any) : null;
      const show = wanted ? values.some((v) => wanted.includes(v)) : values.length > 0;
      el.hidden = !show;
      el.style.display = show ? '' : 'none';
    }
  };
  form.addEventListener('input', update);
  form.addEventListener('change', update);
  update();
})();
