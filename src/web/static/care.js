/*
 * 长辈版: 朗读本页 reads the main content aloud with the browser's speech synthesis. The button
 * stays hidden where the browser has none. Sentences are spoken one by one (browsers cut long
 * utterances short) and a second press stops.
 */
(() => {
  const button = document.querySelector('[data-speak]');
  const synth = window.speechSynthesis;
  if (!button || !synth || typeof SpeechSynthesisUtterance !== 'function') return;
  const startLabel = button.textContent;
  const stopLabel = button.getAttribute('data-stop-label') || startLabel;
  const lang = document.documentElement.lang === 'zh-Hant' ? 'zh-TW' : 'zh-CN';
  let speaking = false;

  const sentences = () => {
    const main = document.querySelector('main') || document.body;
    // biome-ignore lint/performance/useDomNodeTextContent: read aloud what is shown, not hidden text (innerText follows the layout)
    const text = (main.innerText || main.textContent || '').replace(/\s+/g, ' ').trim();
    return text.match(/[^。！？；!?;\n]{1,160}[。！？；!?;]?/g) || [];
  };
  const stop = () => {
    speaking = false;
    synth.cancel();
    button.textContent = startLabel;
    button.setAttribute('aria-pressed', 'false');
  };
  const start = () => {
    const parts = sentences();
    if (parts.length === 0) return;
    speaking = true;
    button.textContent = stopLabel;
    button.setAttribute('aria-pressed', 'true');
    parts.forEach((part, i) => {
      const u = new SpeechSynthesisUtterance(part);
      u.lang = lang;
      u.rate = 0.9;
      if (i === parts.length - 1) u.onend = () => speaking && stop();
      synth.speak(u);
    });
  };
  button.hidden = false;
  button.setAttribute('aria-pressed', 'false');
  button.addEventListener('click', () => (speaking ? stop() : start()));
  window.addEventListener('pagehide', () => synth.cancel());
})();
