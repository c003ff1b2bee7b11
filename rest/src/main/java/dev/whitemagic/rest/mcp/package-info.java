/**
 * The MCP endpoint ({@code POST /mcp}): the Model Context Protocol's Streamable HTTP transport, stateless, answering
 * JSON (no server-sent stream), with tools that call the same use cases as their REST twins. Authentication, rate
 * limits, metering and metrics are the REST API's own filters, which see {@code /mcp} as one more route.
 */
package dev.whitemagic.rest.mcp;
