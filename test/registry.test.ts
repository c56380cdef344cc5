import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DeprecatedEnv,
  GymError,
  InvalidOptions,
  NameNotFound,
  NamespaceNotFound,
  RegistrationError,
  VersionNotFound,
} from '../src/errors.js';
import { envIds, make, register, spec, unregister } from '../src/registry/registry.js';
import { PointMassEnv, pointMassSpec } from './fixtures/point-mass-env.js';

const schema = {
  type: 'object',
  additionalProperties: false,
  properties: { arenaScale: { type: 'number', minimum: 0 } },
};

describe('registry', () => {
  beforeAll(() => {
    register('RegTest-v0', { ...pointMassSpec, optionsSchema: schema });
    register('RegTest-v2', { ...pointMassSpec, optionsSchema: schema });
    register('ns/Other-v1', pointMassSpec);
  });
  afterAll(() => {
    for (const id of ['RegTest-v0', 'RegTest-v2', 'ns/Other-v1']) unregister(id);
  });

  it('lists, resolves and builds the standard wrapper stack', () => {
    expect(envIds()).toContain('RegTest-v2');
    const env = make('RegTest-v2');
    expect(String(env)).toBe('<TimeLimit<OrderEnforcing<PassiveEnvChecker<PointMassEnv<RegTest-v2>>>>>');
    expect(env.unwrapped).toBeInstanceOf(PointMassEnv);
    expect(env.spec?.maxEpisodeSteps).toBe(50);
    expect(env.unwrapped.spec?.maxEpisodeSteps).toBeNull();
    expect(String(make('RegTest-v2', { disableEnvChecker: true, maxEpisodeSteps: -1 }))).toBe(
      '<OrderEnforcing<PointMassEnv<RegTest-v2>>>',
    );
    expect(make('RegTest-v2', { maxEpisodeSteps: 7 }).spec?.maxEpisodeSteps).toBe(7);
    env.close();
  });

  it('suggests the closest id for a typo', () => {
    expect(() => make('RegTst-v2')).toThrow(NameNotFound);
    expect(() => make('RegTst-v2')).toThrow(/Did you mean 'RegTest-v\d'/);
  });

  it('distinguishes missing namespaces, versions and deprecated versions', () => {
    expect(() => spec('nope/RegTest-v2')).toThrow(NamespaceNotFound);
    expect(() => spec('RegTest-v3')).toThrow(VersionNotFound);
    expect(() => spec('RegTest-v1')).toThrow(DeprecatedEnv);
    expect(spec('RegTest-v0').id).toBe('RegTest-v0');
    expect(spec('RegTest').id).toBe('RegTest-v2');
    expect(() => spec('bad id with spaces')).toThrow(GymError);
  });

  it('validates options and names the offending one', () => {
    expect(() => make('RegTest-v2', { arenaScal: 1 })).toThrow(InvalidOptions);
    expect(() => make('RegTest-v2', { arenaScal: 1 })).toThrow(/unknown option 'arenaScal'/);
    expect(() => make('RegTest-v2', { arenaScale: 'big' })).toThrow(/option 'arenaScale' must be number/);
    expect(() => make('RegTest-v2', { maxEpisodeSteps: 1.5 })).toThrow(/maxEpisodeSteps/);
    expect(() => make('RegTest-v2', { maxEpisodeSteps: 0 })).toThrow(InvalidOptions);
  });

  it('rejects conflicting registrations', () => {
    expect(() => register('RegTest', pointMassSpec)).toThrow(RegistrationError);
    expect(() => register('NoEntry-v0', {} as never)).toThrow(RegistrationError);
  });
});
