'use strict';
// Shows why the login page was reached (the server redirects here with ?error=1 or ?signedOut=1, the
// console with ?passwordChanged=1).
(function () {
  const params = new URLSearchParams(window.location.search);
  // a wrong password sends the browser back here: the name typed stays, only the password is asked again
  const username = document.getElementById('username');
  const password = document.getElementById('password');
  document.getElementById('login-form').addEventListener('submit', () => {
    try { window.sessionStorage.setItem('parley.login.username', username.value); } catch (e) { /* private mode */ }
  });
  let remembered = null;
  try { remembered = window.sessionStorage.getItem('parley.login.username'); } catch (e) { /* private mode */ }
  if (params.has('error') && remembered) {
    username.value = remembered;
    password.focus();
  }
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
