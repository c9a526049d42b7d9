// Synchronous calls from the API to a host's agent (Nova's RPC `call`): in one process a direct call into the
// agent registry; scaled out, a request/reply over the bus (later).

export interface AgentRpc {
  /** The last `length` lines (all when undefined) of the instance's console log, from its host's driver. */
  consoleOutput(host: string, instanceId: string, length?: number): Promise<string>;
}
