/* The look walk's per-page probe (tests/browser/look_walk.py): every visible text node under
   minPx outside SVG, every radio/checkbox with no visible control, the page's width and its
   same-origin links. */
(minPx) => {
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    if (r.width < 2 || r.height < 2) return false;
    const s = getComputedStyle(el);
    if (s.visibility === 'hidden' || s.display === 'none' || parseFloat(s.opacity) === 0) return false;
    if (s.clip && s.clip.startsWith('rect(0')) return false;
    if (s.clipPath && s.clipPath.includes('inset(50%')) return false;
    return true;
  };
  const smallText = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!node.textContent.trim()) continue;
    const el = node.parentElement;
    if (!el || el.closest('svg, script, style, noscript, template, .sr-only, .modebar')) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size >= minPx - 0.01) continue;
    let ancestor = el, shown = true;
    while (ancestor && ancestor !== document.body) {
      if (!visible(ancestor) && getComputedStyle(ancestor).display !== 'contents') { shown = false; break; }
      ancestor = ancestor.parentElement;
    }
    if (!shown) continue;
    const range = document.createRange(); range.selectNodeContents(node);
    const rect = range.getBoundingClientRect();
    if (rect.width < 1 || rect.height < 1) continue;
    smallText.push(`${size}px "${node.textContent.trim().slice(0, 40)}" <${el.tagName.toLowerCase()} class="${el.className}">`);
  }
  const hiddenControls = [];
  for (const input of document.querySelectorAll('input[type=radio], input[type=checkbox]')) {
    if (input.closest('[hidden], details:not([open])')) continue;
    const r = input.getBoundingClientRect();
    const s = getComputedStyle(input);
    const inputShown = r.width >= 8 && r.height >= 8 && s.visibility !== 'hidden' && parseFloat(s.opacity) > 0;
    let boxShown = false;
    const label = input.id ? document.querySelector(`label[for="${CSS.escape(input.id)}"]`) : input.closest('label');
    if (label) {
      const b = getComputedStyle(label, '::before');
      boxShown = b.content !== 'none' && b.content !== 'normal' && parseFloat(b.width) >= 8 && parseFloat(b.height) >= 8;
    }
    if (!inputShown && !boxShown) {
      hiddenControls.push(`${input.type} name=${input.name} value=${input.value} (${Math.round(r.width)}x${Math.round(r.height)})`);
    }
  }
  const links = [];
  for (const a of document.querySelectorAll('a[href]')) {
    if (a.closest('.navigation-menu, header, footer')) continue;
    links.push(a.href);
  }
  return {
    smallText: smallText.slice(0, 8), smallTextCount: smallText.length,
    hiddenControls,
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    links,
  };
}
