// The API's synchronous calls into agents (Nova's compute RPC `call`s), answered in process by the agent of the
// host; hosts run by another process are not reachable this way yet.
import { Conflict } from '@nubo/core';
import type { AgentRpc } from '../rpc.js';
import type { ComputeAgent } from './worker.js';

/** An AgentRpc over the agents of this process. */
export function inProcessAgentRpc(agents: Map<string, ComputeAgent>): AgentRpc {
  return {
    async consoleOutput(host, instanceId, length) {
      const agent = agents.get(host);
      if (!agent) throw new Conflict(`Compute host ${host} could not be reached.`);
      return agent.consoleOutput(instanceId, length);
    },
  };
}
