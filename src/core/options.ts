import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { InvalidOptions } from '../errors.js';

const ajv = new Ajv({ allErrors: false, strict: true, useDefaults: false });

/** A JSON Schema object. */
export type JsonSchema = Readonly<Record<string, unknown>>;

/** Validates an options object and throws a typed error naming the offending option. */
export type OptionsValidator<T> = (options: unknown, what: string) => T;

/**
 * Compiles a JSON Schema once and returns a validator that throws {@link InvalidOptions} naming the offending
 * option (`unknown option 'foo'`, `option 'maxEpisodeSteps' must be integer`).
 */
export function compileOptionsValidator<T>(schema: JsonSchema): OptionsValidator<T> {
  const validate: ValidateFunction = ajv.compile(schema as Record<string, unknown>);
  return (options: unknown, what: string): T => {
    if (validate(options)) return options as T;
    const err = validate.errors?.[0];
    throw new InvalidOptions(`${what}: ${describeAjvError(err)}`, 'invalid_options', {
      option: err ? optionName(err) : undefined,
      errors: validate.errors ?? [],
    });
  };
}

function optionName(err: ErrorObject): string {
  if (err.keyword === 'additionalProperties') {
    const extra = (err.params as { additionalProperty: string }).additionalProperty;
    return [err.instancePath.slice(1).replaceAll('/', '.'), extra].filter(Boolean).join('.');
  }
  if (err.keyword === 'required') {
    const missing = (err.params as { missingProperty: string }).missingProperty;
    return [err.instancePath.slice(1).replaceAll('/', '.'), missing].filter(Boolean).join('.');
  }
  return err.instancePath.slice(1).replaceAll('/', '.');
}

function describeAjvError(err: ErrorObject | undefined): string {
  if (!err) return 'invalid options';
  const name = optionName(err);
  if (err.keyword === 'additionalProperties') return `unknown option '${name}'`;
  if (err.keyword === 'required') return `missing option '${name}'`;
  return name ? `option '${name}' ${err.message ?? 'is invalid'}` : `options ${err.message ?? 'are invalid'}`;
}
