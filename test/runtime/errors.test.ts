import { describe, expect, it } from 'vitest';
import {
  DATA_CENTER_IDS,
  DATA_CENTERS,
  isZohoApiDomain,
  normalizeOrigin,
} from '../../templates/runtime/data-centers.ts';
import {
  AuthError,
  InvalidClientError,
  InvalidGrantError,
  NotFoundError,
  PermissionError,
  RateLimitError,
  ScopeError,
  ServerError,
  TokenEndpointError,
  TokenRateLimitError,
  ValidationError,
  ZohoApiError,
} from '../../templates/runtime/errors.ts';

describe('ZohoApiError.from', () => {
  const table = [
    {
      status: 400,
      body: {
        code: 'INVALID_DATA',
        details: { api_name: 'Email', json_path: '$.data[0].Email' },
        message: 'invalid data',
        status: 'error',
      },
      cls: ValidationError,
    },
    {
      status: 400,
      body: {
        code: 'MANDATORY_NOT_FOUND',
        details: { api_name: 'Last_Name' },
        message: 'required field not found',
        status: 'error',
      },
      cls: ValidationError,
    },
    {
      status: 401,
      body: { code: 'INVALID_TOKEN', details: {}, message: 'invalid oauth token', status: 'error' },
      cls: AuthError,
    },
    {
      status: 401,
      body: {
        code: 'OAUTH_SCOPE_MISMATCH',
        details: {},
        message: 'invalid oauth scope to access this URL',
        status: 'error',
      },
      cls: ScopeError,
    },
    {
      status: 403,
      body: { code: 'NO_PERMISSION', details: {}, message: 'permission denied', status: 'error' },
      cls: PermissionError,
    },
    {
      status: 404,
      body: {
        code: 'INVALID_URL_PATTERN',
        details: {},
        message: 'Please check if the URL trying to access is a correct one',
        status: 'error',
      },
      cls: NotFoundError,
    },
    {
      status: 429,
      body: {
        code: 'TOO_MANY_REQUESTS',
        details: {},
        message: 'too many requests',
        status: 'error',
      },
      cls: RateLimitError,
    },
    {
      status: 500,
      body: {
        code: 'INTERNAL_ERROR',
        details: {},
        message: 'Internal Server Error',
        status: 'error',
      },
      cls: ServerError,
    },
    { status: 502, body: undefined, cls: ServerError },
    {
      status: 400,
      body: {
        data: [
          {
            code: 'DUPLICATE_DATA',
            details: { api_name: 'Email', id: '1' },
            message: 'duplicate data',
            status: 'error',
          },
        ],
      },
      cls: ValidationError,
    },
  ];
  it.each(table)('$status $body.code → $cls.name', ({ status, body, cls }) => {
    const err = ZohoApiError.from(status, body, 'op');
    expect(err).toBeInstanceOf(cls);
    expect(err).toBeInstanceOf(ZohoApiError);
    expect(err.status).toBe(status);
    expect(err.operation).toBe('op');
    const b = body as { code?: string; data?: { code: string }[] } | undefined;
    if (b?.code !== undefined) expect(err.code).toBe(b.code);
    if (b?.data !== undefined) expect(err.code).toBe(b.data[0]?.code);
    expect(err.message).toContain('op (HTTP');
  });
  it('ScopeError is a PermissionError', () => {
    expect(ZohoApiError.from(401, { code: 'OAUTH_SCOPE_MISMATCH' }, 'op')).toBeInstanceOf(
      PermissionError,
    );
  });
});

describe('TokenEndpointError.fromBody', () => {
  it.each([
    { body: { error: 'invalid_code' }, cls: InvalidGrantError },
    { body: { error: 'invalid_client' }, cls: InvalidClientError },
    { body: { error: 'invalid_client_secret' }, cls: InvalidClientError },
    {
      body: {
        error: 'Access Denied',
        error_description:
          'You have made too many requests continuously. Please try again after some time.',
      },
      cls: TokenRateLimitError,
    },
    { body: { error: 'invalid_scope' }, cls: TokenEndpointError },
    { body: 'not json', cls: TokenEndpointError },
  ])('$body → $cls.name', ({ body, cls }) => {
    const err = TokenEndpointError.fromBody(200, body);
    expect(err).toBeInstanceOf(cls);
    expect(err.advice.length).toBeGreaterThan(20);
    expect(err.operation).toBe('getToken');
  });
});

describe('data centers', () => {
  it('has the eight DCs with Zoho hosts; Canada on zohocloud.ca', () => {
    expect([...DATA_CENTER_IDS].sort()).toEqual(['au', 'ca', 'cn', 'eu', 'in', 'jp', 'sa', 'us']);
    expect(DATA_CENTERS.ca).toEqual({
      apiDomain: 'https://www.zohoapis.ca',
      accountsUrl: 'https://accounts.zohocloud.ca',
      uploadDomain: 'https://upload.zoho.com',
    });
    expect(DATA_CENTERS.au.apiDomain).toBe('https://www.zohoapis.com.au');
    for (const dc of DATA_CENTER_IDS)
      expect(isZohoApiDomain(DATA_CENTERS[dc].apiDomain)).toBe(true);
  });

  it.each([
    { given: 'https://www.zohoapis.eu', want: true },
    { given: 'https://www.zohoapis.eu/', want: true },
    { given: 'http://www.zohoapis.eu', want: false },
    { given: 'https://www.zohoapis.eu.evil.com', want: false },
    { given: 'https://www.zohoapis.eu:8443', want: false },
    { given: 'https://evil.com/?https://www.zohoapis.com', want: false },
    { given: 'https://www.zohoapis.com/crm', want: false },
    { given: 'not a url', want: false },
  ])('isZohoApiDomain($given) = $want', ({ given, want }) => {
    expect(isZohoApiDomain(given)).toBe(want);
  });

  it.each([
    { given: 'http://127.0.0.1:4010/', want: 'http://127.0.0.1:4010' },
    { given: 'http://127.9.9.9', want: 'http://127.9.9.9' },
    { given: 'http://localhost:3000', want: 'http://localhost:3000' },
    { given: 'http://[::1]:3000', want: 'http://[::1]:3000' },
    { given: 'https://proxy.example.com/ignored/path', want: 'https://proxy.example.com' },
    { given: 'http://192.168.1.5', want: /loopback/ },
    { given: 'http://localhost.evil.com', want: /loopback/ },
    { given: 'ftp://x', want: /http\(s\)/ },
    { given: '::', want: /not a URL/ },
  ])('normalizeOrigin($given)', ({ given, want }) => {
    if (typeof want === 'string') expect(normalizeOrigin(given, 'apiDomain')).toBe(want);
    else expect(() => normalizeOrigin(given, 'apiDomain')).toThrow(want);
  });
});
