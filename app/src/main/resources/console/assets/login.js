'use strict';
// Shows why the login page was reached (the server redirects here with ?error=1 or ?signedOut=1, the
// console with ?passwordChanged=1).
(function () {
  const params = new URLSearchParams(window.location.search);
  const message = document.getElementById('login-message');
  if (params.has('error')) {
    message.textContent = 'Wrong username or password.';
    message.className = 'notice error';
    message.hidden = false;
  } else if (params.has('passwordChanged')) {
    message.textContent = 'Your password is changed. Sign in with the new one.';
    message.hidden = false;
  } else if (params.has('signedOut')) {
    message.textContent = 'You are signed out.';
    message.hidden = false;
  }
})();
