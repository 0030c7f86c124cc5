import { describe, expect, it } from 'vitest';
import { commandForKey, KEY_HELP, type KeyLike } from './key-map';

const key = (k: string, mods: Partial<KeyLike> = {}): KeyLike => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...mods,
});
const outside = { inTextField: false };
const typing = { inTextField: true };

describe('workbench keys', () => {
  it('walks differences with F8 and Shift+F8', () => {
    expect(commandForKey(key('F8'), outside)).toBe('next-difference');
    expect(commandForKey(key('F8', { shiftKey: true }), outside)).toBe('previous-difference');
  });

  it('walks failures with Alt+Down and Alt+Up', () => {
    expect(commandForKey(key('ArrowDown', { altKey: true }), outside)).toBe('next-failure');
    expect(commandForKey(key('ArrowUp', { altKey: true }), outside)).toBe('previous-failure');
    expect(commandForKey(key('ArrowDown'), outside)).toBeNull();
  });

  it('maps Ctrl and Cmd shortcuts', () => {
    expect(commandForKey(key('g', { ctrlKey: true }), outside)).toBe('go-to-sequence');
    expect(commandForKey(key('G', { metaKey: true }), outside)).toBe('go-to-sequence');
    expect(commandForKey(key('1', { ctrlKey: true }), outside)).toBe('focus-findings');
    expect(commandForKey(key('2', { ctrlKey: true }), outside)).toBe('focus-diff');
    expect(commandForKey(key('3', { ctrlKey: true }), outside)).toBe('focus-detail');
    expect(commandForKey(key('4', { ctrlKey: true }), outside)).toBe('focus-logs');
    expect(commandForKey(key('o', { ctrlKey: true }), outside)).toBe('open-files');
    expect(commandForKey(key('f', { ctrlKey: true }), outside)).toBe('search');
    expect(commandForKey(key('f', { ctrlKey: true }), typing)).toBe('search');
    expect(commandForKey(key('l', { ctrlKey: true }), outside)).toBe('filter');
    expect(commandForKey(key('F3'), outside)).toBe('search-next');
    expect(commandForKey(key('F3', { shiftKey: true }), typing)).toBe('search-previous');
  });

  it('leaves copy and "?" to text fields', () => {
    expect(commandForKey(key('c', { ctrlKey: true }), outside)).toBe('copy-rows');
    expect(commandForKey(key('C', { ctrlKey: true, shiftKey: true }), outside)).toBe('copy-rows-csv');
    expect(commandForKey(key('c', { ctrlKey: true }), typing)).toBeNull();
    expect(commandForKey(key('?'), outside)).toBe('help');
    expect(commandForKey(key('?'), typing)).toBeNull();
    expect(commandForKey(key('F1'), typing)).toBe('help');
  });

  it('lists every help row with a label key', () => {
    expect(KEY_HELP.length).toBeGreaterThanOrEqual(10);
    for (const row of KEY_HELP) expect(row.labelKey).toMatch(/^keys\./);
  });
});
