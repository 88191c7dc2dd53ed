/**
 * Checks a request the fake GitHub received against GitHub's own REST description
 * (`@octokit/openapi`): the method and path must name an operation, and a JSON body must satisfy
 * that operation's request schema. A test that sends what GitHub would refuse fails here.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

interface Operation {
  operationId?: string;
  requestBody?: { content?: Record<string, { schema?: object }> };
  responses?: Record<string, Response>;
}

interface Response {
  $ref?: string;
  content?: Record<string, { schema?: object }>;
}

interface Description {
  paths: Record<string, Record<string, Operation>>;
  components: { responses?: Record<string, Response> };
}

interface Endpoint {
  method: string;
  pattern: RegExp;
  template: string;
  operation: Operation;
  validate?: ValidateFunction;
}

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
let loading: Promise<{ endpoints: Endpoint[]; components: Description['components'] }> | null = null;
const ajv = addFormats(new Ajv({ strict: false, logger: false, allErrors: true }));

function load(): Promise<{ endpoints: Endpoint[]; components: Description['components'] }> {
  loading ??= (async () => {
    const file = createRequire(import.meta.url).resolve('@octokit/openapi/generated/api.github.com.json');
    const description = JSON.parse(await readFile(file, 'utf8')) as Description;
    const endpoints: Endpoint[] = [];
    for (const [template, methods] of Object.entries(description.paths)) {
      // Literal segments first, so `/repos/{o}/{r}/check-runs` never loses to a `{param}` path.
      const pattern = new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`);
      for (const [method, operation] of Object.entries(methods)) {
        endpoints.push({ method: method.toUpperCase(), pattern, template, operation });
      }
    }
    const params = (e: Endpoint) => e.template.split('{').length;
    endpoints.sort((a, b) => params(a) - params(b));
    return { endpoints, components: description.components };
  })();
  return loading;
}

/** What is wrong with the request, as GitHub's description sees it; empty when nothing is. */
export async function checkAgainstOpenApi(method: string, path: string, body: unknown): Promise<string[]> {
  const { endpoints, components } = await load();
  const endpoint = endpoints.find((e) => e.method === method && e.pattern.test(path));
  if (!endpoint) return [`${method} ${path} is not an operation in GitHub's REST description`];
  const schema = endpoint.operation.requestBody?.content?.['application/json']?.schema;
  if (body === undefined || !schema) return [];
  endpoint.validate ??= ajv.compile({ ...schema, components });
  if (endpoint.validate(body)) return [];
  const errors = (endpoint.validate.errors ?? []).map(
    (e) => `${e.instancePath || 'body'} ${e.message ?? ''}`,
  );
  return [
    `${method} ${path} (${endpoint.operation.operationId}): GitHub would refuse the body: ${errors.join('; ')}`,
  ];
}

/**
 * What is wrong with an answer a fake gives, as GitHub's description sees it: the status must be
 * one the operation answers, and a JSON body must satisfy that response's schema.
 */
export async function checkResponseAgainstOpenApi(
  method: string,
  path: string,
  status: number,
  body: unknown,
): Promise<string[]> {
  const { endpoints, components } = await load();
  const endpoint = endpoints.find((e) => e.method === method && e.pattern.test(path));
  if (!endpoint) return [`${method} ${path} is not an operation in GitHub's REST description`];
  const listed = endpoint.operation.responses?.[String(status)];
  const response = listed?.$ref
    ? components.responses?.[listed.$ref.replace('#/components/responses/', '')]
    : listed;
  if (!response) return [`${method} ${path} (${endpoint.operation.operationId}) never answers ${status}`];
  const schema = response.content?.['application/json']?.schema;
  if (!schema) return [];
  const validate = ajv.compile({ ...schema, components });
  if (validate(body)) return [];
  const errors = (validate.errors ?? []).map((e) => `${e.instancePath || 'body'} ${e.message ?? ''}`);
  return [`${method} ${path} answered ${status} with what GitHub would not send: ${errors.join('; ')}`];
}
