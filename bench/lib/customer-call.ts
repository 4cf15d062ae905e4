import type { AmiClient } from "../../server/src/ami";

/** A customer calling an agent, as pbx/ sets it up: the ;2 half rings the agent, the ;1 half plays the customer's tone. */
export async function callAgentAsCustomer(ami: AmiClient, extension: string): Promise<void> {
  await ami.send("Originate", {
    Channel: `Local/${extension}@handoff-inbound`,
    Context: "handoff-customer",
    Exten: "s",
    Priority: 1,
    CallerID: "Customer <5550100>",
    Async: "true",
    Timeout: 30_000,
  });
}
