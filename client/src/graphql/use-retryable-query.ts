import { type AnyVariables, type UseQueryArgs, useQuery } from "urql";

/**
 * `useQuery`, with a retry that goes to the network: it follows a failed answer, and the
 * cache would only repeat it.
 */
export function useRetryableQuery<Data = unknown, Variables extends AnyVariables = AnyVariables>(
  args: UseQueryArgs<Variables, Data>,
) {
  const [result, reexecute] = useQuery<Data, Variables>(args);
  const retry = () => reexecute({ requestPolicy: "network-only" });
  return [result, retry] as const;
}
