// @nubo/sdk: the typed client every nubo service uses to call another one (and what the CLI and launcher use).
export { ApiError } from './errors.js';
export {
  type ApiResponse,
  type PasswordAuth,
  type RequestOptions,
  Session,
  type StreamedApiResponse,
} from './session.js';
export {
  FetchTransport,
  InProcessTransport,
  type Transport,
  type TransportBody,
  type TransportRequest,
  type TransportResponse,
  type TransportStreamResponse,
} from './transport.js';
