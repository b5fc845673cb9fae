import type { InfiniteData, QueryClient } from "@tanstack/react-query";
import type { ConversationDto } from "@/lib/shared/dto";
import type { ConversationPage, Filters } from "@/lib/client/api";
import { applyConversation, keys } from "@/lib/client/cache";

/** Puts one conversation's latest state into every cached list and its own entry. */
export function putConversation(qc: QueryClient, conversation: ConversationDto): void {
  if (qc.getQueryData(keys.conversation(conversation.id))) qc.setQueryData(keys.conversation(conversation.id), conversation);
  for (const [key, data] of qc.getQueriesData<InfiniteData<ConversationPage>>({ queryKey: keys.allConversations })) {
    const filters = key[1] as Filters;
    qc.setQueryData(key, applyConversation(data, conversation, filters));
  }
}
