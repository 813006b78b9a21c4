package testnet

import (
	"fmt"
	"net/smtp"
)

func smtpSend(host string, port int) error {
	msg := "From: a@testnet.example\r\nTo: b@testnet.example\r\nSubject: testnet\r\n\r\nhello\r\n"
	return smtp.SendMail(fmt.Sprintf("%s:%d", host, port), nil, "a@testnet.example", []string{"b@testnet.example"}, []byte(msg))
}
