import type {
  AppError,
  Bridge,
  EventName,
  EventPayload,
  RequestInput,
  RequestName,
  RequestOutput,
} from '../../../preload/contract';

/** The outcome of a request as a plain value: what the UI renders, never a thrown Error. */
export type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: AppError };

/** A failed request, for callers that prefer try/catch (actions); carries the same {code, message}. */
export class ApiError extends Error {
  readonly code: string;
  constructor(error: AppError) {
    super(error.message);
    this.name = 'ApiError';
    this.code = error.code;
  }
  toAppError(): AppError {
    return { code: this.code, message: this.message };
  }
}

export interface ApiClient {
  /** Never rejects: transport failures come back as {ok:false, error:{code:'TRANSPORT'}}. */
  settle<N extends RequestName>(name: N, input: RequestInput<N>): Promise<Outcome<RequestOutput<N>>>;
  /** Resolves with the value or rejects with an ApiError. */
  request<N extends RequestName>(name: N, input: RequestInput<N>): Promise<RequestOutput<N>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  /** The URL of a file of the archive (thumbs/…, media/…): the only place media URLs are made. */
  mediaUrl(archivePath: string): string;
}

function transportError(error: unknown): AppError {
  const detail = error instanceof Error ? error.message : String(error);
  return { code: 'TRANSPORT', message: `Could not reach the app's background process: ${detail}` };
}

function isAppError(value: unknown): value is AppError {
  if (typeof value !== 'object' || value === null) return false;
  const { code, message } = value as Record<string, unknown>;
  return typeof code === 'string' && typeof message === 'string';
}

/** Wraps the raw bridge into a typed client that turns every failure into a {code, message} value. */
export function createApiClient(bridge: Bridge): ApiClient {
  async function settle<N extends RequestName>(name: N, input: RequestInput<N>): Promise<Outcome<RequestOutput<N>>> {
    try {
      const result = await bridge.request[name](input);
      if (result.ok) return { ok: true, value: result.value };
      return { ok: false, error: isAppError(result.error) ? result.error : { code: 'INTERNAL', message: 'The request failed.' } };
    } catch (error) {
      return { ok: false, error: transportError(error) };
    }
  }
  return {
    settle,
    async request(name, input) {
      const outcome = await settle(name, input);
      if (!outcome.ok) throw new ApiError(outcome.error);
      return outcome.value;
    },
    on: (event, listener) => bridge.on(event, listener),
    // archive:// in Electron, the harness's /archive/ in a browser; both serve the same handler.
    mediaUrl: (archivePath) => `${bridge.mediaBase}${archivePath}`,
  };
}
