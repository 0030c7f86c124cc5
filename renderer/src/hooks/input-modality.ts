/** Whether the last user input was the keyboard: keyboard focus moves select rows, mouse focus does not. */
let keyboard = false;
let installed = false;

export function installInputModality(): void {
  if (installed) return;
  installed = true;
  window.addEventListener('keydown', () => (keyboard = true), true);
  window.addEventListener('mousedown', () => (keyboard = false), true);
}

export function lastInputWasKeyboard(): boolean {
  return keyboard;
}
