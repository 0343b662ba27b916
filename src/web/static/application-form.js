/* The online application form: a field shown only when another has a value is hidden while its
 * condition does not hold (without this script every field shows, with a hint saying when it
 * applies). Progressive enhancement only: the server reads and checks every answer. */
(function () {
  var form = document.querySelector('form.application-form');
  if (!form) return;
  var dependents = form.querySelectorAll('[data-show-when]');
  if (!dependents.length) return;
  function valuesOf(name) {
    var out = [];
    var inputs = form.querySelectorAll('[name="' + name.replace(/"/g, '') + '"]');
    for (var i = 0; i < inputs.length; i++) {
      var el = inputs[i];
      if ((el.type === 'checkbox' || el.type === 'radio') && !el.checked) continue;
      if (el.value.trim() !== '') out.push(el.value);
    }
    return out;
  }
  function update() {
    for (var i = 0; i < dependents.length; i++) {
      var el = dependents[i];
      var values = valuesOf(el.getAttribute('data-show-when'));
      var any = el.getAttribute('data-show-any');
      var wanted = any ? JSON.parse(any) : null;
      var show = wanted ? values.some(function (v) { return wanted.indexOf(v) >= 0; }) : values.length > 0;
      el.hidden = !show;
      el.style.display = show ? '' : 'none';
    }
  }
  form.addEventListener('input', update);
  form.addEventListener('change', update);
  update();
})();
