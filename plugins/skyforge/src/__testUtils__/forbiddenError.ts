import { ResponseError } from '@backstage/errors';

/** The error SkyforgeClient throws for a 403 of the backend, with its serialized error body. */
export function forbiddenError(options: {
  message: string;
  url: string;
}): Promise<ResponseError> {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name: 'NotAllowedError', message: options.message },
        request: { method: 'GET', url: options.url },
        response: { statusCode: 403 },
      }),
      {
        status: 403,
        statusText: 'Forbidden',
        headers: { 'content-type': 'application/json' },
      },
    ),
  );
}
