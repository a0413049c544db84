/**
 * Asking before a change that others will feel (deploy, roll back, forget): a modal <dialog>
 * (focus moves into it, Escape cancels, focus returns to the button after).
 */
import { useRef, useState } from 'preact/hooks';

export function useConfirm(): [preact.JSX.Element, (question: string, action: string) => Promise<boolean>] {
  const ref = useRef<HTMLDialogElement>(null);
  const [ask, setAsk] = useState<{ question: string; action: string; resolve: (ok: boolean) => void } | null>(null);
  const close = (ok: boolean) => {
    ref.current?.close();
    ask?.resolve(ok);
    setAsk(null);
  };
  const dialog = (
    <dialog ref={ref} aria-labelledby="confirm-title" onCancel={(e) => { e.preventDefault(); close(false); }}>
      <h2 id="confirm-title">Please confirm</h2>
      <p>{ask?.question}</p>
      <div class="row">
        <button type="button" onClick={() => close(false)}>Cancel</button>
        <button type="button" class="primary" onClick={() => close(true)}>{ask?.action ?? 'Confirm'}</button>
      </div>
    </dialog>
  );
  const open = (question: string, action: string) => new Promise<boolean>((resolve) => {
    setAsk({ question, action, resolve });
    queueMicrotask(() => ref.current?.showModal());
  });
  return [dialog, open];
}
