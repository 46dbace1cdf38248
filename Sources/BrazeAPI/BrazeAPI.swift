// BrazeAPI: the Braze REST client brazeform's engine talks to.
//
// - `BrazeClient` holds the typed operations (content blocks, email templates,
//   catalogs and their items, preference centers, subscription states). It paces
//   each Braze rate-limit group on its own (`RateLimitGroup`), follows the
//   `X-RateLimit-*` headers, waits out 429s, retries server errors and lost
//   responses with jittered backoff, and never repeats a create whose answer was
//   lost without first looking the resource up.
// - `HTTPTransport` is the only way requests leave: `AsyncHTTPClientTransport`
//   for the network, `ClosureTransport` for in-process use and tests.
// - `BrazeEndpoint` (BrazeCore) and `BrazeAPIKey` carry the connection settings;
//   invalid ones are `BrazeConfigurationError`. Failures are `BrazeAPIError`,
//   whose `category` says failed, authentication (401/403) or gave up; the CLI's
//   one table (`ExitStatus`) maps that to an exit status.
// - `ClientEvent`s report long waits and retries for the CLI to print.
//
// This module knows nothing of manifests or of the simulator.
