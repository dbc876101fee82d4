import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { JsonObject } from '../../json.ts';
import { importOpenApi } from './openapi-import.ts';

const SPEC = `
openapi: 3.0.3
info: { title: Petstore, description: Pets }
servers: [{ url: 'https://{region}.pets.example.com/v1', variables: { region: { default: cn } } }]
components:
  securitySchemes:
    key: { type: apiKey, in: header, name: X-Api-Key }
  parameters:
    limit: { name: limit, in: query, schema: { type: integer } }
  schemas:
    Pet:
      type: object
      required: [name]
      properties: { name: { type: string }, tag: { type: string } }
paths:
  /pets:
    get:
      operationId: listPets
      summary: 列出宠物
      parameters: [{ $ref: '#/components/parameters/limit' }]
      responses: { '200': { description: ok, content: { application/json: { schema: { type: array, items: { $ref: '#/components/schemas/Pet' } } } } } }
    post:
      requestBody: { required: true, content: { application/json: { schema: { $ref: '#/components/schemas/Pet' } } } }
      responses: { '201': { description: created } }
  /pets/{petId}:
    parameters: [{ name: petId, in: path, required: true, schema: { type: string } }]
    get:
      operationId: show pet by id
      parameters: [{ name: X-Trace, in: header, schema: { type: string } }]
      responses: { '200': { description: ok } }
    delete:
      responses: { '204': { description: gone } }
    head:
      responses: { '200': { description: ok } }
`;

describe('openapi import', () => {
  it('makes one operation per path and method with input templates', () => {
    const { connector, warnings } = importOpenApi(parse(SPEC) as JsonObject);
    expect(connector).toMatchObject({
      kind: 'connector',
      id: 'Petstore',
      name: 'Petstore',
      baseUrl: 'https://cn.pets.example.com/v1',
    });
    expect(connector.auth).toEqual({
      type: 'apiKey',
      in: 'header',
      name: 'X-Api-Key',
      value: '{{ secrets.apiKey }}',
    });
    expect(Object.keys(connector.operations).sort()).toEqual([
      'deletePetsPetId',
      'listPets',
      'postPets',
      'show_pet_by_id',
    ]);
    expect(connector.operations.listPets).toMatchObject({
      method: 'GET',
      path: '/pets',
      name: '列出宠物',
      query: { limit: '{{ input.limit }}' },
    });
    expect(connector.operations.listPets?.outputSchema).toMatchObject({ type: 'array' });
    expect(connector.operations.postPets).toMatchObject({
      method: 'POST',
      body: { name: '{{ input.name }}', tag: '{{ input.tag }}' },
      inputSchema: { required: ['name'] },
    });
    expect(connector.operations.show_pet_by_id).toMatchObject({
      path: '/pets/{{ input.petId }}',
      headers: { 'X-Trace': '{{ input.`X-Trace` }}' },
      inputSchema: { required: ['petId'] },
    });
    expect(warnings).toEqual(['skipped HEAD /pets/{petId}']);
  });

  it('rejects documents that are not OpenAPI 3', () => {
    expect(() => importOpenApi({ swagger: '2.0' })).toThrow(
      expect.objectContaining({ code: 'INPUT_INVALID' }),
    );
  });
});
