// Parsing the CGI header block of git http-backend.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseCgiHeaders } from './http-backend.js';

describe('CGI headers', () => {
  test('Status sets the code, other lines are headers', () => {
    assert.deepEqual(
      parseCgiHeaders('Status: 403 Forbidden\r\nContent-Type: text/plain\r\nExpires: Fri, 01 Jan 1980'),
      {
        status: 403,
        headers: { 'content-type': 'text/plain', expires: 'Fri, 01 Jan 1980' },
      },
    );
    assert.equal(parseCgiHeaders('Content-Type: application/x-git-upload-pack-advertisement').status, 200);
    assert.equal(parseCgiHeaders('Status: nonsense').status, 500);
  });
});
