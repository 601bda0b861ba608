import { describe, expect, it } from 'vitest';
import { loadManifest } from '../shared/model-manifest.js';
import { defaultModelSetting, defaultSettings, modelSettingChoices, modelSettingIssue, modelSettingProblem } from './model-setting.js';

describe('the model setting against the manifest', () => {
  it('defaults to the manifest default embedder, by alias', () => {
    expect(defaultModelSetting()).toBe('accurate');
    expect(defaultSettings()).toMatchObject({ model: 'accurate', executionProvider: 'auto' });
    const m = loadManifest();
    m.defaults.embedder = 'mobilefacenet-192';
    expect(defaultModelSetting(m)).toBe('fast');
  });

  it('offers every embedder, unusable ones flagged', () => {
    expect(modelSettingChoices().map((c) => [c.value, c.unusable === null])).toEqual([
      ['accurate', true],
      ['fast', false],
    ]);
  });

  it('accepts an embedder by alias or id, refuses unknown names, detectors and unusable models', () => {
    expect(modelSettingIssue('accurate')).toBeNull();
    expect(modelSettingIssue('dlib-resnet-128')).toBeNull();
    expect(modelSettingIssue('turbo')).toMatch(/unknown model "turbo"; expected one of "accurate", "fast"/);
    expect(modelSettingIssue('front')).toMatch(/front is not an embedding model/);
    expect(modelSettingIssue('fast')).toMatch(/^The fast model is not available: /);
    // A stored unusable model is still a model (reads keep it; only choosing it anew is refused).
    expect(modelSettingProblem('fast')).toBeNull();
  });
});
