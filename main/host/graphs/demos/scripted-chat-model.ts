import { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { AIMessage, BaseMessage } from "@langchain/core/messages";
import type { ChatResult } from "@langchain/core/outputs";

export type Script = (messages: BaseMessage[]) => AIMessage;

/**
 * A chat model that plays a script instead of calling an LLM: offline, no API key, deterministic.
 * The script sees the whole conversation on every call and keeps no counters (unlike langchain's
 * FakeToolCallingModel or fakeModel(), whose position is shared mutable state), so one instance
 * serves any number of threads and replies identically when a run is resumed.
 */
export class ScriptedChatModel extends BaseChatModel {
  constructor(private readonly script: Script) {
    super({});
  }

  _llmType(): string {
    return "scripted";
  }

  // The script already knows its tools; binding is accepted so createAgent can use the model.
  override bindTools(): this {
    return this;
  }

  async _generate(messages: BaseMessage[]): Promise<ChatResult> {
    const message = this.script(messages);
    return { generations: [{ text: message.text, message }] };
  }
}
