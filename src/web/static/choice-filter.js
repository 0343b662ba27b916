// A filter box above a long checkbox list (see src/web/choice-list.ts): typing hides the options
// whose name does not contain the words; ticked options stay visible. The list works without it.
(() => {
  document.querySelectorAll('[data-choice-filter]').forEach((input) => {
    var list = document.getElementById(input.getAttribute('data-choice-filter'));
    var fieldset = input.closest('[data-choice-list]');
    if (!list || !fieldset || fieldset.getAttribute('data-choice-ready')) return;
    fieldset.setAttribute('data-choice-ready', '1');
    var none = fieldset.querySelector('.choice-none');
    input.parentNode.hidden = false;
    function apply() {
      var words = input.value.trim().split(/\s+/).filter(Boolean);
      var shown = 0;
      list.querySelectorAll('label').forEach((label) => {
        var box = label.querySelector('input');
        var text = label.textContent || '';
        var match = box?.checked || words.every((w) => text.indexOf(w) >= 0);
        label.hidden = !match;
        if (match) shown++;
      });
      if (none) none.hidden = shown > 0;
    }
    input.addEventListener('input', apply);
    // Enter in the filter must not submit the form around it
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') e.preventDefault();
    });
  });
})();
