// A JSON reply's body with the type the API declares for it, so a test reads
// named fields instead of `any`. An error reply of the API is { error }.

export interface ErrorBody {
  error: string;
}

export async function jsonBody<T = ErrorBody>(res: Response): Promise<T> {
  return (await res.json()) as T;
}
