;;; support.el --- what the batch-Emacs test scripts share  -*- lexical-binding: t; -*-

;; Loaded by eglot_test.el and native_test.el: the result they build and write as JSON to
;; OCTOLINT_RESULT, waiting on the server, and running a script so that any error ends Emacs
;; with status 1 after writing it as the result's `error'.

;;; Code:

(require 'json)
(require 'subr-x)

(defvar octolint-test--result nil "The result, an alist.")

(defun octolint-test--set (key value)
  (setq octolint-test--result (cons (cons key value) octolint-test--result)))

(defun octolint-test--write ()
  (with-temp-file (getenv "OCTOLINT_RESULT")
    (insert (json-encode octolint-test--result))))

(defun octolint-test--wait (what predicate)
  "Wait up to 15 s, serving the server's messages and timers, until PREDICATE is true."
  (let ((deadline (+ (float-time) 15)))
    (while (not (funcall predicate))
      (when (> (float-time) deadline)
        (error "Timed out waiting for %s" what))
      (accept-process-output nil 0.05))))

(defun octolint-test--run (script main)
  "Run MAIN, then exit 0; on an error, write it as the result's `error' and exit 1."
  (condition-case err
      (progn (funcall main) (kill-emacs 0))
    (error
     (octolint-test--set 'error (error-message-string err))
     (ignore-errors (octolint-test--write))
     (message "%s: %s" script (error-message-string err))
     (kill-emacs 1))))

(provide 'octolint-test-support)
;;; support.el ends here
