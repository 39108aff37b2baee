/**
 * ld's sorting of matched sections (wild_sort, compare_section, output_section_callback_sort):
 * an unbalanced binary search tree built in match order and read back in order. Sections of a
 * pattern that is not sorted are appended at the "rightmost" slot, which ld tracks only while
 * nodes land there — so mixing sorted and unsorted patterns in one description gives exactly
 * ld's interleaving. Files are compared by archive name, then member name, when sorted.
 */
import type { InputSection } from '../input/InputFile';
import type { WildcardSpec } from '../script/statements';

interface TreeNode {
  left: TreeNode | undefined;
  right: TreeNode | undefined;
  section: InputSection;
}

/** A place a node can hang from: the root (node undefined) or a child link of NODE. */
interface Slot {
  node: TreeNode | undefined;
  side: 'left' | 'right';
}

export class CompareSectionAbort extends Error {}

function strcmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** get_init_priority: the number in `.init_array.NNNNN` / `.ctors.NNNNN` (inverted for ctors). */
function initPriority(name: string): number {
  const dot = name.lastIndexOf('.');
  if (dot < 0 || !/[0-9]/.test(name[dot + 1] ?? '')) return -1;
  const digits = name.slice(dot + 1);
  if (!/^[0-9]+$/.test(digits)) return -1;
  let p = Number(digits);
  if (dot === 6 && (name.startsWith('.ctors') || name.startsWith('.dtors'))) p = 65535 - p;
  return p <= 0x7fffffff && p >= 0 ? p : -1;
}

/** compare_section */
export function compareSections(sort: WildcardSpec['sorted'], a: InputSection, b: InputSection): number {
  switch (sort) {
    case 'init-priority': {
      const pa = initPriority(a.name);
      const pb = initPriority(b.name);
      if (pa < 0 || pb < 0) return strcmp(a.name, b.name);
      return pa - pb || strcmp(a.name, b.name);
    }
    case 'alignment-name':
      return b.alignmentPower - a.alignmentPower || strcmp(a.name, b.name);
    case 'name':
      return strcmp(a.name, b.name);
    case 'name-alignment':
      return strcmp(a.name, b.name) || b.alignmentPower - a.alignmentPower;
    case 'alignment':
      return b.alignmentPower - a.alignmentPower;
    default:
      // ld aborts (ldlang.c compare_section) when asked to order sections it has no key for.
      throw new CompareSectionAbort();
  }
}

export class SectionSortTree {
  private root: TreeNode | undefined;
  private rightmost: Slot = { node: undefined, side: 'right' };

  constructor(private readonly filenamesSorted: boolean) {}

  /** output_section_callback_sort: hang SECTION (matched by SPEC) where wild_sort says. */
  insert(section: InputSection, spec: WildcardSpec | undefined): void {
    const node: TreeNode = { left: undefined, right: undefined, section };
    const slot = this.findSlot(section, spec);
    this.set(slot, node);
    if (slot.node === this.rightmost.node && slot.side === this.rightmost.side) this.rightmost = { node, side: 'right' };
  }

  private get(slot: Slot): TreeNode | undefined {
    if (!slot.node) return this.root;
    return slot.side === 'left' ? slot.node.left : slot.node.right;
  }

  private set(slot: Slot, n: TreeNode): void {
    if (!slot.node) this.root = n;
    else if (slot.side === 'left') slot.node.left = n;
    else slot.node.right = n;
  }

  private findSlot(section: InputSection, spec: WildcardSpec | undefined): Slot {
    if (!this.filenamesSorted && (spec === undefined || spec.sorted === 'none' || spec.sorted === 'sort-none')) {
      return this.rightmost;
    }
    let slot: Slot = { node: undefined, side: 'right' };
    for (;;) {
      const cur = this.get(slot);
      if (!cur) return slot;
      if (this.filenamesSorted) {
        const file = section.file;
        const other = cur.section.file;
        const fn = file.archive ?? file.name;
        const ln = other.archive ?? other.name;
        let i = strcmp(fn, ln);
        if (i === 0 && (file.archive !== undefined || other.archive !== undefined)) {
          const fn2 = file.name;
          const ln2 = other.name;
          i = strcmp(file.archive !== undefined ? fn2 : fn, other.archive !== undefined ? ln2 : ln);
        }
        if (i > 0) {
          slot = rightOf(cur);
          continue;
        }
        if (i < 0) {
          slot = leftOf(cur);
          continue;
        }
      }
      slot = compareSections(spec?.sorted ?? 'none', section, cur.section) < 0 ? leftOf(cur) : rightOf(cur);
    }
  }

  /** In-order sections (output_section_callback_tree_to_list). */
  *inOrder(): Generator<InputSection> {
    const stack: TreeNode[] = [];
    let n = this.root;
    while (n || stack.length > 0) {
      while (n) {
        stack.push(n);
        n = n.left;
      }
      n = stack.pop()!;
      yield n.section;
      n = n.right;
    }
  }
}

function leftOf(n: TreeNode): Slot {
  return { node: n, side: 'left' };
}

function rightOf(n: TreeNode): Slot {
  return { node: n, side: 'right' };
}
