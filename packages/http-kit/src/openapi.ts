/** A JSON Schema fragment (OpenAPI 3.1 uses JSON Schema 2020-12 directly). */
export type JsonSchema = Record<string, unknown>;

/** One route's description: a plain object kept beside the route that it describes. */
export interface RouteDoc {
  method: "get" | "post" | "put" | "patch" | "delete";
  /** Hono-style path; `:name` segments become `{name}`. */
  path: string;
  summary: string;
  description?: string;
  tags?: string[];
  /** Needs the bearer token when API_TOKEN is set; defaults to true for mutating methods. */
  auth?: boolean;
  requestBody?: { schema: JsonSchema; example?: unknown; required?: boolean };
  /** Query parameters, e.g. `[{ name: "view", schema: { enum: ["default", "full"] } }]`. */
  query?: { name: string; description?: string; required?: boolean; schema: JsonSchema }[];
  responses: Record<number, { description: string; schema?: JsonSchema }>;
}

/** Info for the document header. */
export interface ApiInfo {
  title: string;
  version: string;
  description?: string;
}

/** The shared error shape, referenced by every error response. */
export const ERROR_SCHEMA: JsonSchema = {
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message"],
      properties: { code: { type: "string" }, message: { type: "string" } },
    },
  },
};

const ERROR_REF = { $ref: "#/components/schemas/Error" };

/** Collects route descriptions and assembles an OpenAPI 3.1 document on demand. */
export class ApiDocs {
  private readonly routes: RouteDoc[] = [];

  constructor(private readonly info: ApiInfo, private readonly authEnabled: boolean) {}

  /** Adds a route description; returns `this` so calls can chain. */
  add(doc: RouteDoc): this {
    this.routes.push(doc);
    return this;
  }

  /** The OpenAPI 3.1 document for every route added so far. */
  document(): Record<string, unknown> {
    const paths: Record<string, Record<string, unknown>> = {};
    for (const r of this.routes) {
      const path = r.path.replace(/:([A-Za-z0-9_]+)/g, "{$1}");
      paths[path] ??= {};
      paths[path][r.method] = this.operation(r);
    }
    return {
      openapi: "3.1.0",
      info: this.info,
      paths,
      components: {
        schemas: { Error: ERROR_SCHEMA },
        securitySchemes: { bearer: { type: "http", scheme: "bearer" } },
      },
    };
  }

  private operation(r: RouteDoc): Record<string, unknown> {
    const needsAuth = this.authEnabled && (r.auth ?? r.method !== "get");
    const responses: Record<string, unknown> = {};
    for (const [status, resp] of Object.entries(r.responses)) {
      const schema = resp.schema ?? (Number(status) >= 400 ? ERROR_REF : undefined);
      responses[status] = schema
        ? { description: resp.description, content: { "application/json": { schema } } }
        : { description: resp.description };
    }
    if (needsAuth) responses["401"] ??= jsonError("Missing or invalid bearer token");
    if (r.requestBody) responses["413"] ??= jsonError("Request body too large");
    if (r.requestBody) responses["415"] ??= jsonError("Body not sent as application/json");
    if (r.method !== "get") responses["403"] ??= jsonError("A browser's cross-site request (Sec-Fetch-Site: cross-site)");
    responses["500"] ??= jsonError("Internal error");
    const op: Record<string, unknown> = { summary: r.summary, responses };
    if (r.description) op.description = r.description;
    if (r.tags) op.tags = r.tags;
    if (needsAuth) op.security = [{ bearer: [] }];
    const params: Record<string, unknown>[] = [...r.path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => ({
      name: m[1],
      in: "path",
      required: true,
      schema: { type: "string" },
    }));
    for (const q of r.query ?? []) params.push({ in: "query", required: false, ...q });
    if (params.length > 0) op.parameters = params;
    if (r.requestBody) {
      const media: Record<string, unknown> = { schema: r.requestBody.schema };
      if (r.requestBody.example !== undefined) media.example = r.requestBody.example;
      op.requestBody = { required: r.requestBody.required ?? true, content: { "application/json": media } };
    }
    return op;
  }
}

function jsonError(description: string): Record<string, unknown> {
  return { description, content: { "application/json": { schema: ERROR_REF } } };
}
