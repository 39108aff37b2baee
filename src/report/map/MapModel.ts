/**
 * What the picture shows, with every position decided: lanes of boxes (sections), holes
 * (padding, elided gaps), bands (program headers, MEMORY regions), ticks (symbols) and
 * markers (findings). The SVG renderer only draws what is here; tests check the picture's
 * content on this model without a browser.
 */
import type { AddressScale } from './AddressScale';
import type { Lane, MapFacts, MapFinding, MapSection, MapSymbol } from './MapFacts';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Text placed on the picture (monospace; the builder estimated its width to avoid overlaps). */
export interface Label {
  x: number;
  y: number;
  text: string;
  anchor: 'start' | 'middle' | 'end';
}

export interface SectionBox extends Rect {
  section: MapSection;
  lane: Lane | 'file';
  /** The address this lane draws it at (VMA, LMA; file offset order for non-alloc). */
  address: bigint;
  /** Drawn hollow: the section has no bytes here (bss at its LMA). */
  hollow: boolean;
  /** The name inside the box, or below it with a leader line when the box is too narrow. */
  label?: Label;
  leader?: { x1: number; y1: number; x2: number; y2: number };
}

/** Space between or around sections with no section in it. */
export interface Hole extends Rect {
  start: bigint;
  end: bigint;
  /** Drawn with a break mark and a fixed width: far larger than anything else on the lane. */
  elided: boolean;
  /** Between two sections of the lane (hatched as padding), not outside the image. */
  padding: boolean;
  before?: string;
  after?: string;
}

export interface Band extends Rect {
  kind: 'segment' | 'region';
  name: string;
  start: bigint;
  end: bigint;
  /** The filled part of the usage bar (0..1) and what it means. */
  usage: number;
  usageText: string;
  label: Label;
  details: string[];
}

export interface Tick {
  address: bigint;
  x: number;
  /** Top and bottom of the tick line. */
  y1: number;
  y2: number;
  symbols: MapSymbol[];
  label?: Label;
}

export interface Marker {
  finding: MapFinding;
  x: number;
  y: number;
  /** The dashed line down through the lane. */
  lineTo: number;
  /** The rule's name beside the marker, when there is room. */
  label?: Label;
}

export interface AxisLabel extends Label {
  address?: bigint;
}

export interface LaneModel {
  lane: Lane | 'file';
  title: string;
  subtitle: string;
  top: number;
  bottom: number;
  scale: AddressScale;
  /** x offset and width of the axis inside the picture. */
  left: number;
  axisWidth: number;
  boxes: SectionBox[];
  holes: Hole[];
  bands: Band[];
  ticks: Tick[];
  markers: Marker[];
  axisLabels: AxisLabel[];
  /** Baseline of the axis line. */
  axisY: number;
}

export interface MapModel {
  facts: MapFacts;
  width: number;
  height: number;
  lanes: LaneModel[];
  /** Notes drawn under the title: provenance, omitted lanes, symbols placed elsewhere. */
  notes: string[];
  /** Symbols too far from every section to place on an axis (absolute constants). */
  farSymbols: MapSymbol[];
  /** Findings with no place on the picture. */
  unplacedFindings: MapFinding[];
  legendY: number;
}
