// Connects to an MCP server over stdio with the TypeScript SDK's client, lists its tools, makes the calls given as
// JSON on the command line, and prints one JSON object: {"tools": [...], "results": [...]}. The MCP tests start it with
// the command of the server to run: node client.mjs '<calls json>' <command> [args...]
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";

const [callsJson, command, ...args] = process.argv.slice(2);
const calls = JSON.parse(callsJson);

const transport = new StdioClientTransport({ command, args, stderr: "inherit" });
const client = new Client({ name: "mpsandbox-tests-node", version: "1.0.0" });
await client.connect(transport);
try {
  const { tools } = await client.listTools();
  const results = [];
  for (const call of calls) {
    const result = await client.callTool({ name: call.name, arguments: call.arguments });
    results.push({ isError: result.isError === true, text: result.content.map((c) => c.text).join("") });
  }
  process.stdout.write(JSON.stringify({
    server: client.getServerVersion(),
    tools: tools.map((t) => ({ name: t.name, description: t.description, inputSchema: t.inputSchema })),
    results,
  }));
} finally {
  await client.close();
}
