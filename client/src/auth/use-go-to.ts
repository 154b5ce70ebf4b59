import { useCallback } from "react";
import { useNavigate } from "react-router";
import { safeReturnPath } from "../ory/return-to";

/**
 * Follows a destination Kratos named: places inside this app through the router (no
 * page load, the app keeps its state), anything else with a real page load.
 */
export function useGoTo() {
  const navigate = useNavigate();
  return useCallback(
    (destination: string) => {
      const path = safeReturnPath(destination);
      if (path) navigate(path);
      else window.location.assign(destination);
    },
    [navigate],
  );
}
