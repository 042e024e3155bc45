// What the router and the object share of HTTP: JSON answers, refusals that
// carry their status, and bodies read within a limit. Every refusal reads the
// rest of the request body before it answers: a request answered while its
// body is still arriving leaves the connection in a state that workerd
// resolves by restarting the Worker, which fails the next request.

/** A request refused with a status and a JSON body `{ error, message, … }`. */
export class Refusal extends Error {
  readonly status: number;
  readonly body: Readonly<Record<string, unknown>>;
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    status: number,
    body:
      & { readonly error: string; readonly message: string }
      & Readonly<
        Record<string, unknown>
      >,
    headers: Readonly<Record<string, string>> = {},
  ) {
    super(body.message);
    this.status = status;
    this.body = body;
    this.headers = headers;
  }
}

/** A JSON answer; a string body is sent as it is (canonical JSON stays byte for byte). */
export function jsonResponse(
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): Response {
  return new Response(typeof body === "string" ? body : JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
  });
}

/** Reads what is left of a request's body and drops it. */
export async function drain(request: Request): Promise<void> {
  if (request.body === null || request.bodyUsed) return;
  try {
    const reader = request.body.getReader();
    while (!(await reader.read()).done) {
      // Dropped.
    }
  } catch {
    // A body that fails while it is read has nothing more to drain.
  }
}

/** The answer to a refusal, the body drained first. */
export async function refused(
  request: Request,
  refusal: Refusal,
): Promise<Response> {
  await drain(request);
  return jsonResponse(refusal.status, refusal.body, refusal.headers);
}

/**
 * The answer to any error thrown while answering `request`: a refusal as it
 * says, anything else logged and answered with a 500 whose message is
 * `internal` (the error's own is for the log).
 */
export async function answerToError(
  request: Request,
  error: unknown,
  internal: (error: unknown) => string,
): Promise<Response> {
  if (error instanceof Refusal) return await refused(request, error);
  console.error(error);
  return await refused(
    request,
    new Refusal(500, { error: "internal", message: internal(error) }),
  );
}

/**
 * Reads a request's body as UTF-8 text, refusing it with a 413 as soon as
 * it passes `limit` bytes (what is left is drained) and with a 400 when it
 * is not UTF-8.
 */
export async function readBodyText(
  request: Request,
  limit: number,
  action: string,
): Promise<string> {
  const tooLarge = () =>
    new Refusal(413, {
      error: "body_too_large",
      message:
        `${action}: the body must be at most ${limit} bytes: received more`,
      limit,
    });
  const declared = Number(request.headers.get("content-length"));
  if (declared > limit) throw tooLarge();
  if (request.body === null) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    let step: ReadableStreamReadResult<Uint8Array>;
    try {
      step = await reader.read();
    } catch {
      throw new Refusal(400, {
        error: "malformed_body",
        message: `${action}: the body could not be read to its end`,
      });
    }
    if (step.done) break;
    size += step.value.byteLength;
    if (size > limit) {
      try {
        while (!(await reader.read()).done) {
          // Drained, not kept.
        }
      } catch {
        // Nothing more to drain.
      }
      throw tooLarge();
    }
    chunks.push(step.value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new Refusal(400, {
      error: "malformed_body",
      message:
        `${action}: the body must be UTF-8 text: received bytes that are not`,
    });
  }
}
