import { notFound } from "next/navigation";

// The proxy rewrites requests for a workspace that does not exist here, so they get a real 404.
export default function UnknownWorkspace() {
  notFound();
}
