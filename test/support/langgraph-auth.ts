// Custom auth for the test LangGraph dev server (`"auth": { "path": ... }` in its langgraph.json):
// a request passes only with the API key the test put in COUNTERSIGN_TEST_API_KEY.
import { Auth, HTTPException } from "@langchain/langgraph-sdk/auth";

export const auth = new Auth().authenticate((request: Request) => {
  const expected = process.env.COUNTERSIGN_TEST_API_KEY;
  if (!expected || request.headers.get("x-api-key") !== expected) throw new HTTPException(401, { message: "Invalid API key" });
  return { identity: "countersign-test", permissions: [] };
});
