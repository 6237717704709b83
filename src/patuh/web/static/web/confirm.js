// Forms that undo someone's work ask first: a form with data-confirm="question" is sent only
// once the person agrees. Without script the form is sent as it is.
document.addEventListener("submit", (event) => {
  const question = event.target.dataset?.confirm;
  if (question && !window.confirm(question)) event.preventDefault();
});
