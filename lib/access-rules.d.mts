export declare const MIN_TOKEN_LENGTH: number;
export declare function isLoopbackHostname(hostname: string): boolean;
export declare function dashboardTokenProblem(token: string): string | null;
