/** Error classes a provider can report; the runner retries only the retryable ones. */
export type ErrorClass =
  | 'rate_limit'
  | 'overloaded'
  | 'server'
  | 'timeout'
  | 'network'
  | 'bad_response'
  | 'auth'
  | 'bad_request'
  | 'aborted'
  | 'budget_exceeded'
  | 'other';
