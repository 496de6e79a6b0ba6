import { describe, expect, test } from "bun:test";
import { ApiDocs } from "./openapi.ts";

describe("ApiDocs", () => {
  const docs = () =>
    new ApiDocs({ title: "t", version: "1" }, true)
      .add({ method: "get", path: "/items/:id", summary: "get", responses: { 200: { description: "ok" } } })
      .add({
        method: "post",
        path: "/items",
        summary: "add",
        requestBody: { schema: { type: "object" }, example: { a: 1 } },
        responses: { 202: { description: "accepted" }, 422: { description: "bad" } },
      });

  test("builds an OpenAPI 3.1 document with converted paths and params", () => {
    const d = docs().document() as { openapi: string; paths: Record<string, Record<string, any>> };
    expect(d.openapi).toBe("3.1.0");
    expect(d.paths["/items/{id}"]?.get.parameters).toEqual([
      { name: "id", in: "path", required: true, schema: { type: "string" } },
    ]);
    expect(d.paths["/items/{id}"]?.get.security).toBeUndefined();
  });

  test("mutating routes get bearer security, 401, 403 (cross-site), 413 and 415; errors use the shared schema", () => {
    const post = (docs().document() as any).paths["/items"].post;
    expect(post.security).toEqual([{ bearer: [] }]);
    expect(Object.keys(post.responses).sort()).toEqual(["202", "401", "403", "413", "415", "422", "500"]);
    expect(post.responses["422"].content["application/json"].schema).toEqual({ $ref: "#/components/schemas/Error" });
    expect(post.requestBody.content["application/json"].example).toEqual({ a: 1 });
  });

  test("query parameters are listed after path parameters", () => {
    const d = new ApiDocs({ title: "t", version: "1" }, false)
      .add({ method: "post", path: "/p", summary: "p", query: [{ name: "view", schema: { enum: ["a", "b"] } }], responses: { 200: { description: "ok" } } })
      .document() as any;
    expect(d.paths["/p"].post.parameters).toEqual([{ name: "view", in: "query", required: false, schema: { enum: ["a", "b"] } }]);
  });

  test("no security when auth is disabled", () => {
    const d = new ApiDocs({ title: "t", version: "1" }, false)
      .add({ method: "delete", path: "/x", summary: "x", responses: { 200: { description: "ok" } } })
      .document() as any;
    expect(d.paths["/x"].delete.security).toBeUndefined();
    expect(d.paths["/x"].delete.responses["401"]).toBeUndefined();
  });
});
