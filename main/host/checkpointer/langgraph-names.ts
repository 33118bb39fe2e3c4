// LangGraph's reserved names the inbox reads, written out here so that reading the inbox loads no
// LangGraph library; a test checks each against @langchain/langgraph-checkpoint.

/** The write channel of a task's interrupts. */
export const INTERRUPT = "__interrupt__";
/** The write channel of an answer to an interrupt. */
export const RESUME = "__resume__";
/** The index (`idx`) a task's `__interrupt__` write is stored at (LangGraph's WRITES_IDX_MAP). */
export const INTERRUPT_WRITE_IDX = -3;
