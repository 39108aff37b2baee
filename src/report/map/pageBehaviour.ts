/**
 * The map page's only script: tooltips that follow the pointer (the SVG's <title> texts,
 * moved into data-tip so the browser's own tooltip does not double them), and jumping between
 * a finding in the list and its marker on the picture. It is shipped inside the page as the
 * source text of `mapPageBehaviour` — one function, no imports, nothing fetched.
 */

/* The function runs in the browser; it is typed against the DOM like any other code. */
export function mapPageBehaviour(doc: Document): void {
  const tip = doc.getElementById('tip') as HTMLDivElement;
  for (const t of Array.from(doc.querySelectorAll('svg title'))) {
    const owner = t.parentElement;
    if (owner) owner.setAttribute('data-tip', t.textContent ?? '');
    t.remove();
  }
  const show = (el: Element, x: number, y: number) => {
    tip.textContent = el.getAttribute('data-tip') ?? '';
    tip.hidden = false;
    const r = tip.getBoundingClientRect();
    const vw = doc.documentElement.clientWidth;
    const vh = doc.documentElement.clientHeight;
    let left = x + 14;
    let top = y + 16;
    if (left + r.width > vw - 6) left = Math.max(6, x - r.width - 14);
    if (top + r.height > vh - 6) top = Math.max(6, y - r.height - 12);
    tip.style.left = `${left}px`;
    tip.style.top = `${top}px`;
  };
  const hide = () => {
    tip.hidden = true;
  };
  const owner = (e: Event) => (e.target instanceof Element ? e.target.closest('[data-tip]') : null);
  doc.addEventListener('mousemove', (e) => {
    const el = owner(e);
    if (el) show(el, e.clientX, e.clientY);
    else hide();
  });
  doc.addEventListener('focusin', (e) => {
    const el = owner(e);
    if (!el) return;
    const r = el.getBoundingClientRect();
    show(el, r.left + r.width / 2, r.bottom);
  });
  doc.addEventListener('focusout', hide);
  doc.addEventListener('scroll', hide, true);

  const flash = (el: Element | null) => {
    if (!el) return;
    el.classList.add('hl');
    setTimeout(() => el.classList.remove('hl'), 1800);
  };
  const jump = (id: string, toMarker: boolean) => {
    const target = doc.getElementById(toMarker ? `marker-${id}` : id);
    if (!target) return;
    target.scrollIntoView({ behavior: 'smooth', block: 'center' });
    flash(target);
    if (toMarker) {
      const row = doc.getElementById(id);
      flash(row);
    }
  };
  doc.addEventListener('click', (e) => {
    const t = e.target instanceof Element ? e.target : null;
    const item = t?.closest('[data-jump]');
    if (item) {
      e.preventDefault();
      jump(item.getAttribute('data-jump') ?? '', true);
      return;
    }
    const marker = t?.closest('.marker');
    if (marker) jump(marker.getAttribute('data-finding') ?? '', false);
    const sectionRow = t?.closest('[data-show-section]');
    if (sectionRow) {
      for (const el of Array.from(doc.querySelectorAll(`.section[data-section="${CSS.escape(sectionRow.getAttribute('data-show-section') ?? '')}"]`))) flash(el);
    }
  });
  doc.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter') return;
    const t = e.target instanceof Element ? e.target : null;
    const marker = t?.closest('.marker');
    if (marker) jump(marker.getAttribute('data-finding') ?? '', false);
  });
}
