<#-- first line: notification title; the rest: its body -->
Order shipped
${carrier}, tracking ${trackingNumber}
