import type { InfiniteData, QueryClient } from "@tanstack/react-query";
import type { ConversationDto } from "@/lib/inbox/dto";
import type { ConversationPage, Filters } from "@/components/inbox/api";
import { applyConversation, keys } from "@/components/inbox/cache";

/** Puts one conversation's latest state into every cached list and its own entry. */
export function putConversation(qc: QueryClient, conversation: ConversationDto): void {
  if (qc.getQueryData(keys.conversation(conversation.id))) qc.setQueryData(keys.conversation(conversation.id), conversation);
  for (const [key, data] of qc.getQueriesData<InfiniteData<ConversationPage>>({ queryKey: keys.allConversations })) {
    const filters = key[1] as Filters;
    qc.setQueryData(key, applyConversation(data, conversation, filters));
  }
}
