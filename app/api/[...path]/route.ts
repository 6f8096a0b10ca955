import { apiRoute } from "@/lib/server/api-route";
import { jsonError } from "@/lib/server/errors";

// Unknown API paths answer JSON like every other API error, not the HTML 404 page.
const unknownRoute = apiRoute((request) =>
  jsonError(
    404,
    `no API route ${request.method} ${new URL(request.url).pathname}; routes: /api/health, /api/arrays, /api/arrays/{key}, /api/arrays/{key}/info, /api/events`,
  ),
);

export const GET = unknownRoute;
export const HEAD = unknownRoute;
export const POST = unknownRoute;
export const PUT = unknownRoute;
export const DELETE = unknownRoute;
export const PATCH = unknownRoute;
